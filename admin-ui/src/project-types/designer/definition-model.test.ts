import type { FieldDefinition } from '@phaseflow/forms';
import { describe, expect, it } from 'vitest';
import { newLeaf, operatorOnFieldChange, type LeafOperator } from './definition-model';

const field = (key: string, type: FieldDefinition['type']): FieldDefinition => ({ key, type, label: { zh: key, en: key } });
const YES_NO = field('replicable', 'boolean');
const TEXT = field('goal', 'text');
const NUMBER = field('budget', 'number');
const BOOLEAN_OPS: LeafOperator[] = ['equals', 'notEquals', 'isEmpty', 'isNotEmpty'];
const TEXT_OPS: LeafOperator[] = ['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];

describe('conditions start where people expect', () => {
  it.each([
    ['a yes/no field: equals yes', [YES_NO, TEXT], { field: 'replicable', op: 'equals', value: true }],
    ['a text field: is filled', [TEXT, YES_NO], { field: 'goal', op: 'isNotEmpty' }],
    ['no field at all', [], { field: '', op: 'isNotEmpty' }],
  ])('new condition on %s', (_name, fields, expected) => {
    expect(newLeaf(fields.map((f) => ({ name: f.key, label: f.key, field: f })))).toEqual(expected);
  });

  it.each([
    ['text "is filled" → yes/no: equals', 'isNotEmpty', TEXT, YES_NO, BOOLEAN_OPS, 'equals'],
    ['text "is empty" → yes/no: kept', 'isEmpty', TEXT, YES_NO, BOOLEAN_OPS, 'isEmpty'],
    ['text "in" → yes/no: equals', 'in', TEXT, YES_NO, BOOLEAN_OPS, 'equals'],
    ['yes/no "equals" → text: is filled', 'equals', YES_NO, TEXT, TEXT_OPS, 'isNotEmpty'],
    ['yes/no "not equals" → text: kept', 'notEquals', YES_NO, TEXT, TEXT_OPS, 'notEquals'],
    ['number "greater than" → text: is filled', 'gt', NUMBER, TEXT, TEXT_OPS, 'isNotEmpty'],
    ['text "equals" → text: kept', 'equals', TEXT, field('other', 'text'), TEXT_OPS, 'equals'],
  ] as const)('%s', (_name, current, previous, next, allowed, expected) => {
    expect(operatorOnFieldChange(current, previous, next, allowed)).toBe(expected);
  });
});
