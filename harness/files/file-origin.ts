/** Where a text or a settings object read from a file came from, for sentences naming file and line. */
export interface FileOrigin {
  /** As the user wrote it, for sentences. */
  file: string;
  /** For a settings object: the line of each setting. */
  lineOf?: Record<string, number>;
}

// Zone texts by their content (a string has no identity), settings objects by reference.
const ofText = new Map<string, FileOrigin>();
const ofObject = new WeakMap<object, FileOrigin>();

export function rememberOrigin(read: string | object, origin: FileOrigin): void {
  if (typeof read === 'string') ofText.set(read, origin);
  else ofObject.set(read, origin);
}

export function originOf(read: string | object | undefined): FileOrigin | undefined {
  if (read === undefined) return undefined;
  return typeof read === 'string' ? ofText.get(read) : ofObject.get(read);
}
