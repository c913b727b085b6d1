/** Reads a `text/event-stream` response one event (or comment) at a time, for tests. */

export interface SseMessage {
  id?: string;
  event?: string;
  data: unknown;
}

export function readSse(response: Response) {
  if (!response.body) throw new Error("response has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const blocks: string[] = [];

  async function nextBlock(): Promise<string> {
    while (blocks.length === 0) {
      const { value, done } = await reader.read();
      if (done) throw new Error("event stream ended");
      buffer += value;
      const parts = buffer.split("\n\n");
      buffer = parts.pop() ?? "";
      blocks.push(...parts.filter((p) => p.length > 0));
    }
    return blocks.shift() as string;
  }

  return {
    /** The next event, skipping comments (heartbeats). */
    async next(): Promise<SseMessage> {
      for (;;) {
        const block = await nextBlock();
        const lines = block.split("\n").filter((l) => !l.startsWith(":"));
        if (lines.length === 0) continue;
        const message: SseMessage = { data: undefined };
        const data: string[] = [];
        for (const line of lines) {
          const [field, ...rest] = line.split(":");
          const value = rest.join(":").replace(/^ /, "");
          if (field === "id") message.id = value;
          else if (field === "event") message.event = value;
          else if (field === "data") data.push(value);
        }
        if (data.length === 0) continue;
        message.data = JSON.parse(data.join("\n"));
        return message;
      }
    },
    /** The next comment line's text (e.g. `heartbeat`), skipping events. */
    async nextComment(): Promise<string> {
      for (;;) {
        const block = await nextBlock();
        const comment = block.split("\n").find((l) => l.startsWith(":"));
        if (comment) return comment.slice(1).trim();
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}
