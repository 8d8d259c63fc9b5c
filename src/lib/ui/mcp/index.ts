export { ImportPanel } from './ImportPanel';
export { KeyValueEditor, type KeyValueRow } from './KeyValueEditor';
export { ServerCard } from './ServerCard';
export { ServerForm } from './ServerForm';
export { StatusBadge } from './StatusBadge';
export { ToolList } from './ToolList';
export { McpServerList } from './useMcpServers.svelte';
export type * from './types';
