export * from './month';
export * from './types';
