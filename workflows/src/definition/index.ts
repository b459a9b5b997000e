export * from './types';
export * from './gate-rules';
export * from './validate-definition';
export * from './diff';
