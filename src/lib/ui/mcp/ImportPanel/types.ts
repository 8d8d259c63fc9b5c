import type { McpImportResult } from '../types';

export interface ImportPanelProps {
  onimported: (result: McpImportResult) => void;
  onclose: () => void;
}
