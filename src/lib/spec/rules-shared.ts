/** Types and helpers shared by the rule modules (validate.ts, rules-*.ts). */
import type { SpecEdge, SpecInput, SpecNode, SpecPosition, SpecTest, VariableValue } from './schema.js';
import type { PathSegment } from './problems.js';

export interface Indexed<T> {
	value: T;
	index: number;
}

export interface RulesInput {
	nodes: Indexed<SpecNode>[];
	edges: Indexed<SpecEdge>[];
	variables?: Record<string, VariableValue>;
	inputs: Indexed<SpecInput>[];
	layout?: Record<string, SpecPosition>;
	tests: Indexed<SpecTest>[];
	/** Some parts failed the schema: skip rules about what is missing, accept ids of broken nodes. */
	partial: boolean;
	/** Ids of nodes that failed the schema (partial mode), so edges to them are not "unknown". */
	brokenNodeIds: Set<string>;
}

export const indexed = <T>(items: readonly T[] | undefined): Indexed<T>[] =>
	(items ?? []).map((value, index) => ({ value, index }));

export const label = (node: SpecNode) => `\`${node.id}\` (${node.type})`;
export const nodePath = (n: Indexed<SpecNode>, ...rest: PathSegment[]): PathSegment[] => ['nodes', n.index, ...rest];
export const edgeText = (from: string, to: string) => `{ from: ${from}, to: ${to} }`;

