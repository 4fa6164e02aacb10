// Authenticator secrets are encrypted at rest (AES-256-GCM, WebCrypto) with the key from the
// environment, so a copy of the database alone yields no codes. The user's id is the additional
// data: a secret copied onto another user's row does not decrypt.
import { decodeBase64, encodeBase64 } from "@oslojs/encoding";

/** Bytes WebCrypto accepts (not a view of a SharedArrayBuffer). */
type Bytes = Uint8Array<ArrayBuffer>;

const VERSION = "v1";
const IV_BYTES = 12;

// Imported once per key and isolate: WebCrypto keys are not extractable and cheap to keep.
const imported = new WeakMap<Bytes, Promise<CryptoKey>>();

function cryptoKey(raw: Bytes): Promise<CryptoKey> {
  let key = imported.get(raw);
  if (!key) {
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    imported.set(raw, key);
  }
  return key;
}

export async function encryptSecret(rawKey: Bytes, userId: string, secret: Bytes): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(userId) },
    await cryptoKey(rawKey),
    secret,
  );
  return `${VERSION}.${encodeBase64(iv)}.${encodeBase64(new Uint8Array(sealed))}`;
}

/** The secret, or an error: a value that does not decrypt is corruption or tampering, never a key. */
export async function decryptSecret(rawKey: Bytes, userId: string, stored: string): Promise<Bytes> {
  const [version, iv, sealed] = stored.split(".");
  if (version !== VERSION || !iv || !sealed) throw new Error("Unreadable two-factor secret");
  const opened = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: new Uint8Array(decodeBase64(iv)),
      additionalData: new TextEncoder().encode(userId),
    },
    await cryptoKey(rawKey),
    new Uint8Array(decodeBase64(sealed)),
  );
  return new Uint8Array(opened);
}
