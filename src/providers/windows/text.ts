// Windows tools write UTF-16LE with a byte order mark (secedit /export, PowerShell 5's `>`), or
// UTF-8 with or without one (Out-File -Encoding utf8, auditpol redirected by cmd). Decode all.
export function decodeWindowsText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  // No mark: ASCII text in UTF-16LE has a NUL after nearly every character.
  const sample = bytes.subarray(0, 200);
  let zeros = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) zeros++;
  if (sample.length >= 4 && zeros >= sample.length / 4) return bytes.toString('utf16le');
  return bytes.toString('utf8');
}
