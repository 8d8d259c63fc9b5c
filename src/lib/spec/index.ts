/**
 * The agent spec module: schema (zod, the source of truth), parsing with positioned problems,
 * validation, canonical serialisation, graph mapping, diff, templates and secret references.
 * Runs in the browser, the server, the runtime and the CLI alike: relative imports only,
 * nothing Node-only.
 *
 * Problems everywhere have one shape: { path, message, line, col, nodeId?, severity, code? } with
 * paths in dotted form (`nodes[2].provider`, `metadata.name`, `variables["my-var"]`).
 */
export * from './constants.js';
export * from './schema.js';
export { parseSpec, validateSpec, checkSpec, type ParseResult, type ParseOptions } from './parse.js';
export { serializeSpec, serializeSpecJson, canonicalizeSpec, formatSpecText, specHash, SpecSyntaxError } from './serialize.js';
export { agentSpecJsonSchema, AGENT_SPEC_SCHEMA_ID } from './json-schema.js';
export {
	formatPath,
	formatProblem,
	hasErrors,
	sortProblems,
	didYouMean,
	type Problem,
	type ProblemCode,
	type Severity
} from './problems.js';
export { canConnect, allowedTargets, type ConnectResult } from './connections.js';
export { toolPrefix, finalToolName, exposedToolNames, isToolExposed, isToolCached, isValidToolName, registryServerNames } from './tools.js';
export {
	renderTemplate,
	mergeVariables,
	templateVariables,
	resolveVariables,
	renderPrompts,
	MissingVariablesError,
	type Variables,
	type RenderedPrompts
} from './template.js';
export {
	findSecretRefs,
	resolveRefs,
	looksLikeKey,
	UnresolvedRefsError,
	type SecretRef,
	type RefResolvers,
	type RefKind
} from './refs.js';
export {
	specToGraph,
	graphToSpec,
	autoLayout,
	edgeId,
	type SpecGraph,
	type GraphNode,
	type GraphEdge,
	type GraphMeta
} from './graph.js';
export {
	diffSpecs,
	unifiedYamlDiff,
	formatSpecDiff,
	lineDiff,
	deepEqual,
	type SpecDiff,
	type SpecChange,
	type FieldChange,
	type LineChange
} from './diff.js';
export { checkTurn, type TurnExpectation, type TurnOutcome } from './expectations.js';
