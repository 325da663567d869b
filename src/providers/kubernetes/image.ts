// Splits a container image reference into its tag and digest, as the Docker reference grammar does:
// [registry[:port]/]path[:tag][@digest]. A colon before the last "/" belongs to the registry's port.

export interface ImageRef {
  tag?: string;
  digest?: string;
}

export function parseImageRef(image: string): ImageRef {
  const ref: ImageRef = {};
  let rest = image.trim();
  const at = rest.indexOf('@');
  if (at >= 0) {
    const digest = rest.slice(at + 1);
    if (digest) ref.digest = digest;
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    const tag = rest.slice(colon + 1);
    if (tag) ref.tag = tag;
  }
  return ref;
}
