export * from './types';
export * from './gate-rules';
export * from './validate-definition';
export * from './diff';
export * from './calendar';
export * from './gate-engine';
export * from './condition-values';
