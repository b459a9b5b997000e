import { labelOf, type FieldDefinition, type Locale } from '@phaseflow/forms';
import type { ProjectTypeDefinition } from '@phaseflow/workflows/definition';
import { createContext, useContext } from 'react';
import type { DefinitionIssue } from '../../types';
import { PROPERTIES_BY_TYPE, fieldsPathOf, stagePath } from './definition-model';

const addText = (anchors: Set<string>, path: string) => {
  anchors.add(path);
  anchors.add(`${path}.zh`);
  anchors.add(`${path}.en`);
};

const addField = (anchors: Set<string>, path: string, field: FieldDefinition) => {
  for (const property of ['', '.key', '.type', '.required', '.visibleWhen']) anchors.add(`${path}${property}`);
  addText(anchors, `${path}.label`);
  addText(anchors, `${path}.helpText`);
  for (const property of PROPERTIES_BY_TYPE[field.type] ?? []) {
    if (property === 'placeholder') addText(anchors, `${path}.placeholder`);
    else anchors.add(`${path}.${property}`);
  }
  field.options?.forEach((_, index) => {
    const option = `${path}.options[${index}]`;
    anchors.add(option);
    anchors.add(`${option}.value`);
    addText(anchors, `${option}.label`);
  });
  if (field.type === 'table') field.columns?.forEach((column, index) => addField(anchors, `${path}.columns[${index}]`, column));
};

/** Every definition path the designer shows a widget (or a section) for; issues land on the nearest one. */
export const anchorsOf = (definition: ProjectTypeDefinition): Set<string> => {
  const anchors = new Set<string>(['key', 'stages']);
  addText(anchors, 'name');
  addText(anchors, 'description');
  definition.stages.forEach((stage, stageIndex) => {
    const path = stagePath(stageIndex);
    for (const property of ['', '.key', '.deadlineDays', '.warningDays', '.skipWhen', '.optional', '.form', '.form.fields']) {
      anchors.add(`${path}${property}`);
    }
    addText(anchors, `${path}.name`);
    const gate = `${path}.gate`;
    for (const property of ['', '.mode', '.quorum', '.approvers', '.approvers.kind']) anchors.add(`${gate}${property}`);
    const rule = stage.gate?.approvers;
    if (rule?.kind === 'ROLE') {
      anchors.add(`${gate}.approvers.role`);
      anchors.add(`${gate}.approvers.scope`);
    }
    if (rule?.kind === 'USERS') anchors.add(`${gate}.approvers.userIds`);
    stage.form.fields.forEach((field, fieldIndex) => addField(anchors, `${fieldsPathOf(stageIndex)}[${fieldIndex}]`, field));
  });
  return anchors;
};

/** The widget an issue belongs to: its own path, or the nearest enclosing one the designer shows. */
export const anchorOf = (path: string, anchors: ReadonlySet<string>): string | undefined => {
  let candidate = path;
  while (candidate !== '') {
    if (anchors.has(candidate)) return candidate;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    if (cut <= 0) return undefined;
    candidate = candidate.slice(0, cut);
  }
  return undefined;
};

export interface PlacedIssues {
  byAnchor: Map<string, string[]>;
  unplaced: DefinitionIssue[];
}

export const placeIssues = (issues: readonly DefinitionIssue[], anchors: ReadonlySet<string>): PlacedIssues => {
  const byAnchor = new Map<string, string[]>();
  const unplaced: DefinitionIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const identity = `${issue.path}\u0000${issue.message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const anchor = anchorOf(issue.path, anchors);
    if (anchor === undefined) {
      unplaced.push(issue);
      continue;
    }
    // a message on an enclosing section says which part it means
    const message = anchor === issue.path ? issue.message : `${issue.path.slice(anchor.length).replace(/^\./, '')}: ${issue.message}`;
    byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), message]);
  }
  return { byAnchor, unplaced };
};

export interface DesignerIssues {
  /** Messages to show at this widget. */
  at(anchor: string): string[];
  /** Whether any issue is shown at this anchor or below it. */
  anyUnder(anchor: string): boolean;
  /** The user changed this widget: its server issues are stale, its local ones now worth showing. */
  edited(anchor: string): void;
  /** The user left this widget: its local issues are worth showing. */
  touched(anchor: string): void;
}

export const DesignerIssuesContext = createContext<DesignerIssues>({
  at: () => [],
  anyUnder: () => false,
  edited: () => undefined,
  touched: () => undefined,
});

export const useDesignerIssues = (): DesignerIssues => useContext(DesignerIssuesContext);

const pick = <T extends { key: string }>(items: readonly T[] | undefined, selector: string): T | undefined =>
  /^\d+$/.test(selector) ? items?.[Number(selector)] : items?.find((item) => item.key === selector);

/**
 * A definition path as people read it: the stage's and fields' names instead of their positions or
 * keys (`stages[1].form.fields[0].label` → `Report › Goal › label`), what follows them kept as is.
 * Null when the path names no stage the definition has.
 */
export const namedPath = (path: string, definition: ProjectTypeDefinition, locale: Locale): string | null => {
  const stageMatch = /^stages\[([^\]]+)\]/.exec(path);
  const stage = stageMatch ? pick(definition.stages, stageMatch[1]!) : undefined;
  if (!stageMatch || !stage) return null;
  const names = [labelOf(stage.name, locale) || stage.key];
  let rest = path.slice(stageMatch[0].length);
  let fields: readonly FieldDefinition[] | undefined = stage.form?.fields;
  let fieldMatch = /^\.form\.fields\[([^\]]+)\]/.exec(rest);
  while (fieldMatch) {
    const field: FieldDefinition | undefined = pick(fields, fieldMatch[1]!);
    if (!field) break;
    names.push(labelOf(field.label, locale) || field.key);
    rest = rest.slice(fieldMatch[0].length);
    fields = field.columns;
    fieldMatch = /^\.columns\[([^\]]+)\]/.exec(rest);
  }
  const tail = rest.replace(/^\./, '');
  return tail ? `${names.join(' › ')} › ${tail}` : names.join(' › ');
};
