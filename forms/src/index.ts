export * from './types.js';
export { labelOf } from './localized-text.js';
export { FIELD_ERROR_CODES, type FieldErrorCode } from './messages.js';
export {
  FIELD_KEY_PATTERN,
  fieldDefinitionSchema,
  formDefinitionSchema,
  validateFormDefinition,
  type DefinitionIssue,
  type DefinitionValidationResult,
} from './definition.js';
export { validateFormData, type ValidateFormDataOptions } from './validate.js';
export { applyDefaults } from './defaults.js';
export { toJsonSchema, JSON_SCHEMA_DIALECT, type ToJsonSchemaOptions } from './json-schema.js';
