import { describe, expect, it } from "vitest";
import { documentEndLast } from "../../app/lib/render/document-end";

/** Sends `chunks` through the transform, each its own Uint8Array, and returns the text out. */
async function through(chunks: string[]): Promise<string> {
  const encoder = new TextEncoder();
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(input.pipeThrough(documentEndLast())).text();
}

const DOCUMENT = "<!DOCTYPE html><html><body><p>é</p><script>a()</script></body></html>";
const TRAILER = "<!--$--><script>b()</script><!--/$-->";
const EXPECTED =
  "<!DOCTYPE html><html><body><p>é</p><script>a()</script><!--$--><script>b()</script><!--/$--></body></html>";

describe("documentEndLast", () => {
  it.each<{ label: string; chunks: string[]; expected: string }>([
    { label: "one chunk", chunks: [DOCUMENT + TRAILER], expected: EXPECTED },
    { label: "end in its own chunk", chunks: [DOCUMENT, TRAILER], expected: EXPECTED },
    {
      label: "end split across chunks",
      chunks: [
        "<!DOCTYPE html><html><body><p>é</p><script>a()</script></bo",
        "dy></ht",
        `ml>${TRAILER}`,
      ],
      expected: EXPECTED,
    },
    {
      label: "one character at a time",
      chunks: [...(DOCUMENT + TRAILER)],
      expected: EXPECTED,
    },
    { label: "nothing after the end", chunks: [DOCUMENT], expected: DOCUMENT },
    { label: "no end at all", chunks: ["<p>partial", "</p>"], expected: "<p>partial</p>" },
  ])("$label", async ({ chunks, expected }) => {
    expect(await through(chunks)).toBe(expected);
  });

  it("keeps a character split across chunks whole", async () => {
    const bytes = new TextEncoder().encode(DOCUMENT + TRAILER);
    const at = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    const input = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, at));
        controller.enqueue(bytes.slice(at));
        controller.close();
      },
    });
    expect(await new Response(input.pipeThrough(documentEndLast())).text()).toBe(EXPECTED);
  });
});
