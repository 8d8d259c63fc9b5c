export interface SecretFormProps {
  /** Prefilled name when replacing an existing secret. */
  name?: string;
  onsaved: (result: { name: string; created: boolean }) => void;
}
