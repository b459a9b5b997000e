import { describe, expect, it } from 'vitest';
import { ACCEPT_PATTERN, acceptsContentType, contentTypePattern } from './formats.js';

describe('acceptsContentType and its JSON Schema pattern', () => {
  const cases: [accept: string[] | undefined, contentType: string, accepted: boolean][] = [
    [undefined, 'application/octet-stream', true],
    [undefined, 'text/plain; charset=utf-8', true],
    [undefined, 'pdf', false],
    [undefined, '', false],
    [undefined, 'image/', false],
    [['image/*'], 'image/png', true],
    [['image/*'], 'IMAGE/JPEG', true],
    [['image/*'], ' image/webp ; q=1', true],
    [['image/*'], 'image/', false],
    [['image/*'], 'imagex/png', false],
    [['image/*'], 'application/pdf', false],
    [['application/pdf'], 'application/pdf', true],
    [['application/pdf'], 'Application/PDF; version=1.7', true],
    [['application/pdf'], 'application/pdfx', false],
    [['application/pdf'], 'application/pdf/x', false],
    [['application/vnd.ms-excel', 'text/*'], 'application/vnd.ms-excel', true],
    [['application/vnd.ms-excel', 'text/*'], 'application/vnd-ms-excel', false],
    [['application/vnd.ms-excel', 'text/*'], 'text/csv', true],
    [['image/svg+xml'], 'image/svg+xml', true],
    [['image/svg+xml'], 'image/svgxml', false],
  ];

  it.each(cases)('%j accepts %j: %s', (accept, contentType, accepted) => {
    expect(acceptsContentType(accept, contentType)).toBe(accepted);
    expect(new RegExp(contentTypePattern(accept), 'u').test(contentType)).toBe(accepted);
  });

  it.each([
    ['image/*', true],
    ['application/pdf', true],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
    ['image/svg+xml', true],
    ['*/*', false],
    ['image', false],
    ['Image/png', false],
    ['image/png; q=1', false],
    ['image/*/x', false],
  ])('an accept pattern %j is well-formed: %s', (pattern, wellFormed) => {
    expect(ACCEPT_PATTERN.test(pattern)).toBe(wellFormed);
  });
});
