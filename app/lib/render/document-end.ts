// Remix renders single fetch's data scripts as a sibling of <html>, so React 18 writes them after
// `</body></html>`, where HTML allows nothing (React 19 holds the end back itself, but Remix 2 needs
// React 18). Browsers move such scripts into <body> anyway; this makes the document say so.

const END = "</body></html>";

/**
 * Passes a rendered document through with its `</body></html>` moved to the very end. The end may
 * arrive split across chunks: the last few characters are held back until it is found.
 */
export function documentEndLast(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let held = "";
  let ended = false;
  const send = (controller: TransformStreamDefaultController<Uint8Array>, text: string) => {
    if (text) controller.enqueue(encoder.encode(text));
  };
  return new TransformStream({
    transform(chunk, controller) {
      const text = held + decoder.decode(chunk, { stream: true });
      held = "";
      if (ended) {
        send(controller, text);
        return;
      }
      const at = text.indexOf(END);
      if (at !== -1) {
        ended = true;
        send(controller, text.slice(0, at) + text.slice(at + END.length));
        return;
      }
      // React escapes `<` in text and attributes, so the first END is the document's own.
      const cut = Math.max(0, text.length - (END.length - 1));
      held = text.slice(cut);
      send(controller, text.slice(0, cut));
    },
    flush(controller) {
      send(controller, held + decoder.decode() + (ended ? END : ""));
    },
  });
}
