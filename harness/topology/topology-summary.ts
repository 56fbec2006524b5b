/** What the run was made of: its network, each member's address, and the zone it served. */
export interface TopologySummary {
  subnet: string;
  members: { name: string; role: string; address: string; port?: number }[];
  zone: string;
  /** Set when the run played on a kept topology: the run that started it, and how long its reset took. */
  reused?: { startedBy: string; resetMs: number };
}
