// The zod-free part of the package, for the Temporal workflow sandbox: what runs a form, not what checks its definition.
export * from './types.js';
export { labelOf } from './localized-text.js';
export { FIELD_ERROR_CODES, type FieldErrorCode } from './messages.js';
export { FORM_LIMITS, jsonByteLength, maxBytesOf, maxLengthOf, maxRowsOf } from './limits.js';
export { validateFormData, type ValidateFormDataOptions } from './validate.js';
export { applyDefaults } from './defaults.js';
export { toJsonSchema, JSON_SCHEMA_DIALECT, type ToJsonSchemaOptions } from './json-schema.js';
export { CONDITION_OPERATORS, conditionFieldNames, evaluateCondition, type ConditionOperator } from './conditions.js';
export {
  FORMULA_FUNCTIONS,
  evaluateFormula,
  formulaReferences,
  parseFormula,
  type FormulaFunction,
  type FormulaNode,
  type FormulaScope,
  type ParseFormulaResult,
} from './formula.js';
export { computeValues } from './computed.js';
export { hiddenPaths } from './visibility.js';
export { scoreTotal, type ScoreTotal } from './scores.js';
export {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  EMAIL_PATTERN,
  MAX_ATTACHMENT_BYTES,
  PHONE_PATTERN,
  URL_PATTERN,
  acceptsContentType,
  isEmail,
  isPhone,
  isUrl,
} from './formats.js';
export { diffFormData, type ValueChange } from './data-diff.js';
