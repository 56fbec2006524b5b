/** What the images of a night were made of: the versions a change of behaviour is blamed on first. */
export interface ImageVersions {
  postfix: string;
  bind: string;
  /** /etc/debian_version of the base image. */
  debian: string;
  /** The Debian suite the base was bootstrapped from (trixie by default, sid for early warning). */
  suite: string;
  /** Each client MTA's version, asked of its image, by kind. */
  clients?: Record<string, string>;
  images: Record<string, string>;
}
