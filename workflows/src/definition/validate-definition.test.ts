import { describe, expect, it } from 'vitest';
import { copy, threeStageType } from '../test-fixtures';
import { assertDefinition, validateDefinition as validateBilingual } from './validate-definition';

/** What the cases compare: the path and the English; the Chinese is checked on every issue. */
type DefinitionIssue = { path: string; message: string };

/** Every issue with its Chinese checked (Han characters, no English phrase of three words left in it), then its English. */
function validateDefinition(definition: unknown): DefinitionIssue[] {
  return validateBilingual(definition).map(({ path, message, i18n }) => {
    expect(i18n.en).toBe(message);
    expect(i18n.zh).toMatch(/\p{Script=Han}/u);
    expect(i18n.zh).not.toMatch(/\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b/);
    return { path, message };
  });
}

type Draft = Record<string, any>;

/** A copy of the fixture with one change applied, so that each case shows only its own problem. */
function changed(change: (definition: Draft) => void): Draft {
  const definition = copy(threeStageType) as Draft;
  change(definition);
  return definition;
}

const KEY_MESSAGE = 'must be a key of lowercase letters, digits, "_" or "-", starting with a letter';
const TEXT_MESSAGE = 'must be a non-empty text';
const USERS_MESSAGE = 'a gate with no possible approver: name at least one user';
const MODE_MESSAGE = 'must be one of ANY_OF, ALL_OF, QUORUM, SEQUENTIAL';
const EMPTY_STAGE = 'an empty stage: its form needs at least one field';
const STAGE_KEYS = 'key, name, form, gate, deadlineDays, deadlineUnit, warningDays, skipWhen';
const DEFINITION_KEYS = 'key, name, description, version, stages, resumePolicy, review';

describe('validateDefinition: valid definitions', () => {
  const valid: [string, Draft][] = [
    ['the three-stage fixture', changed(() => {})],
    ['no description', changed((d) => delete d.description)],
    ['a single stage', changed((d) => d.stages.splice(1))],
    ['a high version', changed((d) => (d.version = 17))],
    ['keys with digits, "_" and "-"', changed((d) => ((d.key = 'type_2-b'), (d.stages[0].key = 's1_a-b')))],
    ['a one-day deadline', changed((d) => (d.stages[0].deadlineDays = 1))],
    ['an ALL_OF gate', changed((d) => (d.stages[0].gate.mode = 'ALL_OF'))],
    ['a SEQUENTIAL gate', changed((d) => (d.stages[2].gate.mode = 'SEQUENTIAL'))],
    ['a QUORUM gate of a role', changed((d) => (d.stages[0].gate = { mode: 'QUORUM', quorum: 3, approvers: { kind: 'ROLE', role: 'approver' } }))],
    ['a QUORUM gate its named users can meet', changed((d) => (d.stages[2].gate = { mode: 'QUORUM', quorum: 2, approvers: { kind: 'USERS', userIds: ['u-1', 'u-2'] } }))],
    ['a role rule reaching units above', changed((d) => (d.stages[0].gate.approvers.scope = 'UNIT_OR_ANCESTORS'))],
    ['a warning threshold', changed((d) => (d.stages[0].warningDays = 29))],
    ['a skip condition over an earlier stage', changed((d) => (d.stages[1].skipWhen = { field: 'planned.budget', op: 'lt', value: 10 }))],
    [
      'a grouped skip condition',
      changed((d) => (d.stages[2].skipWhen = { any: [{ not: { field: 'planned.category', op: 'in', values: ['service'] } }, { field: 'arranged.contact', op: 'isEmpty' }] })),
    ],
    ['a LEAD rule', changed((d) => (d.stages[0].gate.approvers = { kind: 'LEAD' }))],
    ['a USERS rule naming one user', changed((d) => (d.stages[0].gate.approvers = { kind: 'USERS', userIds: ['u-1'] }))],
    ['a form that lowers its size limit', changed((d) => (d.stages[0].form.maxBytes = 64 * 1024))],
    ['a text field that lowers its length limit', changed((d) => (d.stages[1].form.fields[0].maxLength = 20))],
  ];

  it.each(valid)('accepts %s', (_name, definition) => {
    expect(validateDefinition(definition)).toEqual([]);
  });

  it.each(['admin', 'operator', 'approver', 'viewer'])('accepts a ROLE rule for the %s role', (role) => {
    expect(validateDefinition(changed((d) => (d.stages[2].gate.approvers = { kind: 'ROLE', role })))).toEqual([]);
  });
});

describe('validateDefinition: a definition that is not an object', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'three-stage'],
    ['a number', 42],
    ['an array', [threeStageType]],
  ])('rejects %s with a single root issue', (_name, definition) => {
    expect(validateDefinition(definition)).toEqual([{ path: '', message: 'a project type definition must be an object' }]);
  });
});

describe('validateDefinition: one problem, its exact path and message', () => {
  const cases: [string, Draft, DefinitionIssue[]][] = [
    ['an uppercase key', changed((d) => (d.key = 'Three-stage')), [{ path: 'key', message: KEY_MESSAGE }]],
    ['a key starting with a digit', changed((d) => (d.key = '3stage')), [{ path: 'key', message: KEY_MESSAGE }]],
    ['a key with a space', changed((d) => (d.key = 'three stage')), [{ path: 'key', message: KEY_MESSAGE }]],
    ['an empty key', changed((d) => (d.key = '')), [{ path: 'key', message: KEY_MESSAGE }]],
    ['a missing key', changed((d) => delete d.key), [{ path: 'key', message: KEY_MESSAGE }]],
    ['a numeric key', changed((d) => (d.key = 3)), [{ path: 'key', message: KEY_MESSAGE }]],
    ['a missing name', changed((d) => delete d.name), [{ path: 'name', message: 'must be an object with zh and en texts' }]],
    ['a name given as a string', changed((d) => (d.name = 'Three-stage')), [{ path: 'name', message: 'must be an object with zh and en texts' }]],
    ['a name without zh', changed((d) => delete d.name.zh), [{ path: 'name.zh', message: TEXT_MESSAGE }]],
    ['a name without en', changed((d) => delete d.name.en), [{ path: 'name.en', message: TEXT_MESSAGE }]],
    ['a blank zh name', changed((d) => (d.name.zh = '   ')), [{ path: 'name.zh', message: TEXT_MESSAGE }]],
    ['a numeric en name', changed((d) => (d.name.en = 7)), [{ path: 'name.en', message: TEXT_MESSAGE }]],
    [
      'an empty name object',
      changed((d) => (d.name = {})),
      [
        { path: 'name.zh', message: TEXT_MESSAGE },
        { path: 'name.en', message: TEXT_MESSAGE },
      ],
    ],
    ['a description with an empty zh text', changed((d) => (d.description.zh = '')), [{ path: 'description.zh', message: TEXT_MESSAGE }]],
    ['a null description', changed((d) => (d.description = null)), [{ path: 'description', message: 'must be an object with zh and en texts' }]],
    ['version 0', changed((d) => (d.version = 0)), [{ path: 'version', message: 'must be a whole number from 1' }]],
    ['version 1.5', changed((d) => (d.version = 1.5)), [{ path: 'version', message: 'must be a whole number from 1' }]],
    ['a negative version', changed((d) => (d.version = -1)), [{ path: 'version', message: 'must be a whole number from 1' }]],
    ['a version given as text', changed((d) => (d.version = '1')), [{ path: 'version', message: 'must be a whole number from 1' }]],
    ['a missing version', changed((d) => delete d.version), [{ path: 'version', message: 'must be a whole number from 1' }]],
    ['no stages', changed((d) => (d.stages = [])), [{ path: 'stages', message: 'a project type needs at least one stage' }]],
    ['missing stages', changed((d) => delete d.stages), [{ path: 'stages', message: 'a project type needs at least one stage' }]],
    ['stages given as an object', changed((d) => (d.stages = { planned: d.stages[0] })), [{ path: 'stages', message: 'a project type needs at least one stage' }]],
    ['a null stage', changed((d) => (d.stages[1] = null)), [{ path: 'stages[1]', message: 'a stage must be an object' }]],
    ['a stage given as a string', changed((d) => (d.stages[2] = 'assessed')), [{ path: 'stages[2]', message: 'a stage must be an object' }]],
    ['a stage given as an array', changed((d) => (d.stages[0] = [])), [{ path: 'stages[0]', message: 'a stage must be an object' }]],
    ['an uppercase stage key', changed((d) => (d.stages[1].key = 'Arranged')), [{ path: 'stages[1].key', message: KEY_MESSAGE }]],
    ['a missing stage key', changed((d) => delete d.stages[0].key), [{ path: 'stages[0].key', message: KEY_MESSAGE }]],
    [
      'a repeated stage key',
      changed((d) => (d.stages[2].key = 'planned')),
      [{ path: 'stages[2].key', message: 'duplicate stage key "planned" (also stages[0])' }],
    ],
    [
      'a stage key used three times',
      changed((d) => d.stages.push({ ...copy(d.stages[1]) }, { ...copy(d.stages[1]) })),
      [
        { path: 'stages[3].key', message: 'duplicate stage key "arranged" (also stages[1])' },
        { path: 'stages[4].key', message: 'duplicate stage key "arranged" (also stages[1])' },
      ],
    ],
    ['a missing stage name', changed((d) => delete d.stages[1].name), [{ path: 'stages[1].name', message: 'must be an object with zh and en texts' }]],
    ['a blank en stage name', changed((d) => (d.stages[2].name.en = ' ')), [{ path: 'stages[2].name.en', message: TEXT_MESSAGE }]],
    ['deadlineDays 0', changed((d) => (d.stages[0].deadlineDays = 0)), [{ path: 'stages[0].deadlineDays', message: 'must be a whole number of days from 1' }]],
    ['deadlineDays 2.5', changed((d) => (d.stages[1].deadlineDays = 2.5)), [{ path: 'stages[1].deadlineDays', message: 'must be a whole number of days from 1' }]],
    ['negative deadlineDays', changed((d) => (d.stages[1].deadlineDays = -30)), [{ path: 'stages[1].deadlineDays', message: 'must be a whole number of days from 1' }]],
    ['deadlineDays given as text', changed((d) => (d.stages[2].deadlineDays = '30')), [{ path: 'stages[2].deadlineDays', message: 'must be a whole number of days from 1' }]],
    ['missing deadlineDays', changed((d) => delete d.stages[2].deadlineDays), [{ path: 'stages[2].deadlineDays', message: 'must be a whole number of days from 1' }]],
    [
      'a form field key starting with a digit',
      changed((d) => (d.stages[0].form.fields[0].key = '2goal')),
      [{ path: 'stages[0].form.fields[0].key', message: 'must start with a letter and contain only letters, digits and _' }],
    ],
    [
      'a repeated form field key',
      changed((d) => (d.stages[1].form.fields[1].key = 'contact')),
      [{ path: 'stages[1].form.fields[1].key', message: 'duplicates fields[0].key "contact"' }],
    ],
    [
      'a form that raises its size limit beyond 256 KB',
      changed((d) => (d.stages[0].form.maxBytes = 512 * 1024)),
      [{ path: 'stages[0].form.maxBytes', message: 'must not exceed 262144 (256 KB)' }],
    ],
    [
      'a long text that raises its length limit beyond 20,000',
      changed((d) => (d.stages[0].form.fields[0].maxLength = 20001)),
      [{ path: 'stages[0].form.fields[0].maxLength', message: 'must not exceed 20000' }],
    ],
    [
      'a singleSelect field without options',
      changed((d) => delete d.stages[0].form.fields[1].options),
      [{ path: 'stages[0].form.fields[1].options', message: 'are required for fields of type singleSelect' }],
    ],
    [
      'an unknown form property',
      changed((d) => (d.stages[2].form.title = 'Assessment')),
      [{ path: 'stages[2].form.title', message: 'is not a known property' }],
    ],
    [
      'a form given as a string',
      changed((d) => (d.stages[1].form = 'contact, teamSize')),
      [{ path: 'stages[1].form', message: 'Invalid input: expected object, received string' }],
    ],
    ['a missing gate', changed((d) => delete d.stages[0].gate), [{ path: 'stages[0].gate', message: 'a stage needs a gate' }]],
    ['a gate given as a string', changed((d) => (d.stages[1].gate = 'LEAD')), [{ path: 'stages[1].gate', message: 'a stage needs a gate' }]],
    ['an unknown gate mode', changed((d) => (d.stages[0].gate.mode = 'MAJORITY')), [{ path: 'stages[0].gate.mode', message: MODE_MESSAGE }]],
    ['a missing gate mode', changed((d) => delete d.stages[2].gate.mode), [{ path: 'stages[2].gate.mode', message: MODE_MESSAGE }]],
    ['a stage with an empty form', changed((d) => (d.stages[1].form = { fields: [] })), [{ path: 'stages[1].form.fields', message: EMPTY_STAGE }]],
    [
      'a QUORUM gate without a quorum',
      changed((d) => (d.stages[0].gate.mode = 'QUORUM')),
      [{ path: 'stages[0].gate.quorum', message: 'a QUORUM gate needs a quorum: a whole number of approvals from 1' }],
    ],
    ['a quorum of 0', changed((d) => (d.stages[0].gate = { mode: 'QUORUM', quorum: 0, approvers: { kind: 'LEAD' } })), [{ path: 'stages[0].gate.quorum', message: 'a QUORUM gate needs a quorum: a whole number of approvals from 1' }]],
    ['a quorum on an ANY_OF gate', changed((d) => (d.stages[0].gate.quorum = 2)), [{ path: 'stages[0].gate.quorum', message: 'only a QUORUM gate has a quorum' }]],
    [
      'a quorum the named users can never meet',
      changed((d) => (d.stages[2].gate = { mode: 'QUORUM', quorum: 3, approvers: { kind: 'USERS', userIds: ['u-1', 'u-2'] } })),
      [{ path: 'stages[2].gate.quorum', message: 'can never be met: the rule names only 2 approver(s)' }],
    ],
    [
      'a quorum of 2 on the lead alone',
      changed((d) => (d.stages[1].gate = { mode: 'QUORUM', quorum: 2, approvers: { kind: 'LEAD' } })),
      [{ path: 'stages[1].gate.quorum', message: 'can never be met: the rule names only 1 approver(s)' }],
    ],
    ['an unknown role scope', changed((d) => (d.stages[0].gate.approvers.scope = 'COUNTY')), [{ path: 'stages[0].gate.approvers.scope', message: 'must be UNIT or UNIT_OR_ANCESTORS' }]],
    ['a warning at the deadline', changed((d) => (d.stages[0].warningDays = 30)), [{ path: 'stages[0].warningDays', message: 'must be less than the deadline (30 days)' }]],
    ['a warning of 0 days', changed((d) => (d.stages[0].warningDays = 0)), [{ path: 'stages[0].warningDays', message: 'must be a whole number of days from 1' }]],
    [
      'a skip condition on the first stage',
      changed((d) => (d.stages[0].skipWhen = { field: 'planned.budget', op: 'isEmpty' })),
      [{ path: 'stages[0].skipWhen', message: 'the first stage cannot be skipped: there is no earlier data to decide on' }],
    ],
    [
      'a skip condition over a later stage',
      changed((d) => (d.stages[1].skipWhen = { field: 'assessed.score', op: 'gt', value: 1 })),
      [{ path: 'stages[1].skipWhen.field', message: '"assessed.score" is not a field of an earlier stage (write stageKey.fieldKey)' }],
    ],
    [
      'a skip condition over an unknown field',
      changed((d) => (d.stages[1].skipWhen = { field: 'planned.cost', op: 'gt', value: 1 })),
      [{ path: 'stages[1].skipWhen.field', message: 'stage "planned" has no field "cost"' }],
    ],
    [
      'a skip condition without a stage',
      changed((d) => (d.stages[1].skipWhen = { field: 'budget', op: 'gt', value: 1 })),
      [{ path: 'stages[1].skipWhen.field', message: '"budget" is not a field of an earlier stage (write stageKey.fieldKey)' }],
    ],
    [
      'a skip condition with an unknown operator',
      changed((d) => (d.stages[1].skipWhen = { field: 'planned.budget', op: 'between', value: 1 })),
      [{ path: 'stages[1].skipWhen.op', message: 'must be one of equals, notEquals, gt, gte, lt, lte, in, notIn, isEmpty, isNotEmpty' }],
    ],
    [
      'a comparison without a value',
      changed((d) => (d.stages[1].skipWhen = { all: [{ field: 'planned.budget', op: 'gt' }] })),
      [{ path: 'stages[1].skipWhen.all[0].value', message: '"gt" needs a value to compare with' }],
    ],
    [
      'a membership test without values',
      changed((d) => (d.stages[1].skipWhen = { not: { field: 'planned.category', op: 'in', values: [] } })),
      [{ path: 'stages[1].skipWhen.not.values', message: '"in" needs a non-empty list of values' }],
    ],
    ['an empty condition group', changed((d) => (d.stages[1].skipWhen = { any: [] })), [{ path: 'stages[1].skipWhen.any', message: 'must list at least one condition' }]],
    ['missing approvers', changed((d) => delete d.stages[1].gate.approvers), [{ path: 'stages[1].gate.approvers', message: 'a gate needs an approver rule' }]],
    ['approvers given as a string', changed((d) => (d.stages[1].gate.approvers = 'LEAD')), [{ path: 'stages[1].gate.approvers', message: 'a gate needs an approver rule' }]],
    [
      'a ROLE rule with an unknown role',
      changed((d) => (d.stages[0].gate.approvers.role = 'owner')),
      [{ path: 'stages[0].gate.approvers.role', message: 'unknown role; use one of admin, operator, approver, viewer' }],
    ],
    [
      'a ROLE rule with a capitalised role',
      changed((d) => (d.stages[0].gate.approvers.role = 'Approver')),
      [{ path: 'stages[0].gate.approvers.role', message: 'unknown role; use one of admin, operator, approver, viewer' }],
    ],
    [
      'a ROLE rule without a role',
      changed((d) => delete d.stages[0].gate.approvers.role),
      [{ path: 'stages[0].gate.approvers.role', message: 'unknown role; use one of admin, operator, approver, viewer' }],
    ],
    ['a USERS rule with no users', changed((d) => (d.stages[2].gate.approvers.userIds = [])), [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }]],
    ['a USERS rule without userIds', changed((d) => delete d.stages[2].gate.approvers.userIds), [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }]],
    ['a USERS rule with userIds as a string', changed((d) => (d.stages[2].gate.approvers.userIds = 'u-assessor-1')), [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }]],
    ['a USERS rule with an empty id', changed((d) => d.stages[2].gate.approvers.userIds.push('')), [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }]],
    ['a USERS rule with a numeric id', changed((d) => d.stages[2].gate.approvers.userIds.push(42)), [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }]],
    [
      'a USERS rule naming a user twice',
      changed((d) => d.stages[2].gate.approvers.userIds.push('u-assessor-1')),
      [{ path: 'stages[2].gate.approvers.userIds', message: 'names a user twice' }],
    ],
    [
      'a USERS rule with both an empty id and a repeated one',
      changed((d) => (d.stages[2].gate.approvers.userIds = ['u-1', 'u-1', ''])),
      [{ path: 'stages[2].gate.approvers.userIds', message: USERS_MESSAGE }],
    ],
    ['an unknown rule kind', changed((d) => (d.stages[1].gate.approvers = { kind: 'DEPARTMENT' })), [{ path: 'stages[1].gate.approvers.kind', message: 'must be ROLE, USERS or LEAD' }]],
    ['a lowercase rule kind', changed((d) => (d.stages[1].gate.approvers = { kind: 'lead' })), [{ path: 'stages[1].gate.approvers.kind', message: 'must be ROLE, USERS or LEAD' }]],
    ['a rule without a kind', changed((d) => (d.stages[1].gate.approvers = {})), [{ path: 'stages[1].gate.approvers.kind', message: 'must be ROLE, USERS or LEAD' }]],
    ['a deadline in hours', changed((d) => (d.stages[0].deadlineUnit = 'HOURS')), [{ path: 'stages[0].deadlineUnit', message: 'must be CALENDAR_DAYS or WORKING_DAYS' }]],
    [
      'an unknown stage property',
      changed((d) => (d.stages[0].deadlineHours = 4)),
      [{ path: 'stages[0].deadlineHours', message: `unknown property "deadlineHours"; known: ${STAGE_KEYS}` }],
    ],
    ['an unknown top-level property', changed((d) => (d.colour = 'red')), [{ path: 'colour', message: `unknown property "colour"; known: ${DEFINITION_KEYS}` }]],
    ['an unknown gate property', changed((d) => (d.stages[1].gate.timeout = 3)), [{ path: 'stages[1].gate.timeout', message: 'unknown property "timeout"; known: approvers, mode, quorum' }]],
    [
      'a property of another rule kind',
      changed((d) => (d.stages[1].gate.approvers = { kind: 'LEAD', role: 'admin' })),
      [{ path: 'stages[1].gate.approvers.role', message: 'unknown property "role"; known: kind' }],
    ],
  ];

  it.each(cases)('reports %s', (_name, definition, expected) => {
    expect(validateDefinition(definition)).toEqual(expected);
  });
});

describe('validateDefinition: several problems at once', () => {
  it('reports every problem, in the order of the definition', () => {
    const definition = {
      key: 'Bad Key',
      name: { zh: '坏' },
      version: 0,
      stages: [
        { key: 'a', name: { zh: '甲', en: 'A' }, deadlineDays: 0, form: { fields: [] } },
        { key: 'a', name: { zh: '乙', en: 'B' }, deadlineDays: 5, form: { fields: [{ key: 'x', type: 'video', label: { zh: '叉', en: 'X' } }] }, gate: { mode: 'MAJORITY', approvers: { kind: 'ROLE', role: 'boss' } } },
        7,
        { key: 'c', name: { zh: '丙', en: 'C' }, deadlineDays: 1.5, form: { fields: [] }, gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: ['u-1', 'u-1'] } } },
      ],
    };
    expect(validateDefinition(definition)).toEqual([
      { path: 'key', message: KEY_MESSAGE },
      { path: 'name.en', message: TEXT_MESSAGE },
      { path: 'version', message: 'must be a whole number from 1' },
      { path: 'stages[0].deadlineDays', message: 'must be a whole number of days from 1' },
      { path: 'stages[0].form.fields', message: EMPTY_STAGE },
      { path: 'stages[0].gate', message: 'a stage needs a gate' },
      { path: 'stages[1].key', message: 'duplicate stage key "a" (also stages[0])' },
      {
        path: 'stages[1].form.fields[0].type',
        message:
          'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"|"email"|"phone"|"url"|"attachment"|"indicator"|"table"',
      },
      { path: 'stages[1].gate.mode', message: MODE_MESSAGE },
      { path: 'stages[1].gate.approvers.role', message: 'unknown role; use one of admin, operator, approver, viewer' },
      { path: 'stages[2]', message: 'a stage must be an object' },
      { path: 'stages[3].deadlineDays', message: 'must be a whole number of days from 1' },
      { path: 'stages[3].form.fields', message: EMPTY_STAGE },
      { path: 'stages[3].gate.approvers.userIds', message: 'names a user twice' },
    ]);
  });

  it('still reports the top-level problems when the stages are missing', () => {
    expect(validateDefinition({ key: 'X', version: 1.5 })).toEqual([
      { path: 'key', message: KEY_MESSAGE },
      { path: 'name', message: 'must be an object with zh and en texts' },
      { path: 'version', message: 'must be a whole number from 1' },
      { path: 'stages', message: 'a project type needs at least one stage' },
    ]);
  });

  it('reports both the gate mode and the missing approver rule of one gate', () => {
    expect(validateDefinition(changed((d) => (d.stages[1].gate = { mode: 'MAJORITY' })))).toEqual([
      { path: 'stages[1].gate.mode', message: MODE_MESSAGE },
      { path: 'stages[1].gate.approvers', message: 'a gate needs an approver rule' },
    ]);
  });

  it('does not count an invalid stage key as seen, so a later valid one is not a duplicate', () => {
    expect(validateDefinition(changed((d) => ((d.stages[0].key = 'Planned'), (d.stages[1].key = 'planned'))))).toEqual([
      { path: 'stages[0].key', message: KEY_MESSAGE },
    ]);
  });
});

describe('assertDefinition', () => {
  it('returns the very definition it was given when it is valid', () => {
    const definition = copy(threeStageType);
    expect(assertDefinition(definition)).toBe(definition);
  });

  it('throws one error listing every issue as "path: message"', () => {
    const definition = changed((d) => ((d.version = 0), (d.stages[0].gate.mode = 'MAJORITY')));
    expect(() => assertDefinition(definition)).toThrowError(
      new Error(`invalid project type definition: version: must be a whole number from 1; stages[0].gate.mode: ${MODE_MESSAGE}`),
    );
  });

  it('throws for a definition that is not an object, with an empty path', () => {
    expect(() => assertDefinition(null)).toThrowError(
      new Error('invalid project type definition: : a project type definition must be an object'),
    );
  });
});

describe('validateDefinition: a stage without a form', () => {
  it.each([undefined, null])('reports form %j as an issue at its path instead of throwing', (form) => {
    const definition = {
      key: 'a',
      name: { zh: 'x', en: 'x' },
      version: 1,
      stages: [{ key: 's', name: { zh: 'x', en: 'x' }, deadlineDays: 1, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } }],
    };
    const issues = validateDefinition(definition);
    expect(issues.map((issue) => issue.path)).toEqual(['stages[0].form']);
  });
});

describe('validateDefinition: periodic re-review', () => {
  const stage = (key: string) => ({ ...copy(threeStageType.stages[1]), key });
  const withReview = (review: unknown) => changed((d) => (d.review = review));

  it('accepts a yearly re-review with a rectification stage', () => {
    expect(validateDefinition(withReview({ everyMonths: 12, stage: stage('review'), rectifyStage: stage('rectify') }))).toEqual([]);
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    ['not an object', 'yearly', [{ path: 'review', message: 'must be an object with everyMonths, stage and rectifyStage' }]],
    ['a period of 0 months', { everyMonths: 0, stage: stage('review'), rectifyStage: stage('rectify') }, [{ path: 'review.everyMonths', message: 'must be a whole number of months from 1 to 120' }]],
    [
      'a re-review key taken by a regular stage',
      { everyMonths: 12, stage: stage('planned'), rectifyStage: stage('rectify') },
      [{ path: 'review.stage.key', message: 'duplicate stage key "planned" (also stages[0])' }],
    ],
    ['a missing rectification stage', { everyMonths: 12, stage: stage('review') }, [{ path: 'review.rectifyStage', message: 'a stage must be an object' }]],
    [
      'a skip condition on the re-review',
      { everyMonths: 12, stage: { ...stage('review'), skipWhen: { field: 'planned.budget', op: 'isEmpty' } }, rectifyStage: stage('rectify') },
      [{ path: 'review.stage.skipWhen', message: 'a re-review stage cannot be skipped' }],
    ],
  ])('reports %s', (_name, review, expected) => {
    expect(validateDefinition(withReview(review))).toEqual(expected);
  });

  it('checks the resume policy', () => {
    expect(validateDefinition(changed((d) => (d.resumePolicy = 'SOMETIMES')))).toEqual([
      { path: 'resumePolicy', message: 'must be REDO_LATER_GATES or BACK_TO_RETURNING_GATE' },
    ]);
  });
});
