import { validateDefinition } from '@phaseflow/workflows';
import { describe, expect, it } from 'vitest';
import { demoSiteType } from './demo-site.type';
import { fivePhaseType } from './five-phase.type';
import { siteReviewType } from './site-review.type';

describe('the seeded project types', () => {
  it.each([
    ['five-phase', fivePhaseType],
    ['site-review', siteReviewType],
    ['demo-site', demoSiteType],
  ])('%s is a valid definition', (_key, definition) => {
    expect(validateDefinition(definition)).toEqual([]);
  });
});
