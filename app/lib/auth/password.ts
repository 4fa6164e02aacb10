// Password hashing: scrypt with an OWASP parameter set the Workers runtime can afford
// (N=2^14, r=8, p=5 needs 16 MiB; N=2^17 would need the isolate's whole 128 MiB). The parameters are
// stored with each hash, so they can be raised later without invalidating old hashes.
import { scrypt, timingSafeEqual } from "node:crypto";
import { decodeBase64, encodeBase64 } from "@oslojs/encoding";

export const SCRYPT_PARAMS = { N: 2 ** 14, r: 8, p: 5, keyLength: 32 } as const;

type Params = { N: number; r: number; p: number; keyLength: number };

function derive(password: string, salt: Uint8Array, params: Params): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(
  password: string,
  params: Params = SCRYPT_PARAMS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await derive(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, encodeBase64(salt), encodeBase64(key)].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  try {
    const expected = decodeBase64(hash);
    if (expected.length === 0) return false;
    const actual = await derive(password, decodeBase64(salt), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      keyLength: expected.length,
    });
    return timingSafeEqual(actual, expected);
  } catch {
    // A malformed stored hash refuses the sign-in; it is never a server error.
    return false;
  }
}
