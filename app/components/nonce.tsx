import { createContext, useContext } from "react";

// The nonce only exists on the server: browsers hide it from scripts, and hydration does not need it.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
