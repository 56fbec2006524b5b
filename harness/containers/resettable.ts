/** What a container is given at its start: the files copied in and its environment. */
export interface FreshState {
  files: { content: string; target: string; mode?: number }[];
  environment: Record<string, string>;
}
