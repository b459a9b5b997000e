export * from './runtime.js';
export {
  FIELD_KEY_PATTERN,
  fieldDefinitionSchema,
  formDefinitionSchema,
  validateFormDefinition,
  type DefinitionIssue,
  type DefinitionValidationResult,
} from './definition.js';
export { conditionSchema } from './condition-schema.js';
