// The DNS of local development and tests, answered in DNS-over-HTTPS JSON exactly as a public
// resolver does, so the real resolver (doh.ts) parses it: quoted TXT strings split into 255-byte
// chunks, CNAME chains, NXDOMAIN for a name with no records, NODATA for one with others.
import { dnsName } from "./doh";

export type DevRecord = { name: string; type: "TXT" | "CNAME"; value: string };

const TYPE_CODES = { A: 1, CNAME: 5, TXT: 16 } as const;

/** A TXT value as character-strings of at most 255 bytes, quoted and escaped. */
export function quotedTxt(value: string): string {
  const chunks: string[] = [];
  for (let start = 0; start < value.length || chunks.length === 0; start += 255) {
    chunks.push(value.slice(start, start + 255));
  }
  return chunks.map((chunk) => `"${chunk.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(" ");
}

/** The DoH JSON reply to a question about `name` of `type` ("TXT", "CNAME" or "A"). */
export function dohReply(records: readonly DevRecord[], name: string, type: string) {
  const question = dnsName(name);
  const Question = [
    { name: `${question}.`, type: TYPE_CODES[type as keyof typeof TYPE_CODES] ?? 0 },
  ];
  const at = (owner: string) => records.filter((record) => dnsName(record.name) === owner);
  const Answer: { name: string; type: number; TTL: number; data: string }[] = [];
  let owner = question;
  // Follow CNAMEs as a recursive resolver does, unless the question is the CNAME itself.
  for (let hops = 0; hops < 16; hops++) {
    const cname = at(owner).find((record) => record.type === "CNAME");
    if (!cname) break;
    Answer.push({ name: `${owner}.`, type: 5, TTL: 300, data: `${dnsName(cname.value)}.` });
    if (type === "CNAME") break;
    owner = dnsName(cname.value);
  }
  if (type === "TXT") {
    for (const record of at(owner).filter((candidate) => candidate.type === "TXT")) {
      Answer.push({ name: `${owner}.`, type: 16, TTL: 300, data: quotedTxt(record.value) });
    }
  }
  const exists = at(question).length > 0;
  return {
    Status: exists ? 0 : 3,
    TC: false,
    RD: true,
    RA: true,
    AD: false,
    CD: false,
    Question,
    Answer,
  };
}
