export * from './types';
export * from './delivery-plan';
