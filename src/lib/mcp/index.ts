/**
 * Public API of the MCP client library (Node-side: the editor server and the runtime).
 * A browser page that only needs tool naming/schema helpers should import `./tools.js` directly,
 * which has no Node dependencies.
 */
export type {
  McpCallResult,
  McpContentBlock,
  McpErrorCode,
  McpErrorInfo,
  McpResolvedTransport,
  McpServerConfig,
  McpServerInfo,
  McpToolInfo,
  McpTransportKind
} from './types.js';
export {
  checkStdioAllowed,
  checkStdioEnv,
  parseAllowList,
  STDIO_ALLOW_ENV,
  type AllowCheck,
  type AllowList,
  type AllowListEntry
} from './allow-list.js';
export {
  connectMcp,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type CallOptions,
  type ConnectOptions,
  type McpConnection
} from './client.js';
export { describeMcpError, McpClientError } from './errors.js';
export { testMcpServer, type McpTestResult } from './probe.js';
export {
  cleanJsonSchema,
  detectCollisions,
  filterTools,
  prefixToolName,
  shapeTools,
  TOOL_NAME_PATTERN,
  type JsonSchemaObject,
  type ShapeCollision,
  type ShapedTool,
  type ShapeOptions,
  type ToolFilter,
  type ToolNameCollision
} from './tools.js';
export {
  canonicalJson,
  ToolResultCache,
  wrapWithCache,
  type CachedCallResult,
  type CacheStats,
  type ToolCallFn,
  type ToolResultCacheOptions,
  type WrapWithCacheOptions
} from './cache.js';
