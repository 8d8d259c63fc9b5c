/** A secret as GET /api/secrets lists it: never the value. */
export interface SecretInfo {
  name: string;
  createdAt: string;
  updatedAt: string;
  /** MCP servers whose headers or env reference it. */
  usedBy: string[];
}
