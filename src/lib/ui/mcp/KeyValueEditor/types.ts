export interface KeyValueRow {
  key: string;
  value: string;
}

export interface KeyValueEditorProps {
  /** Bindable: the rows being edited. */
  rows: KeyValueRow[];
  /** Accessible name of the group, e.g. "Headers". */
  label: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
}
