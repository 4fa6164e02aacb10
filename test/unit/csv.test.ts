import { describe, expect, it } from "vitest";
import { parseCsv } from "../../app/lib/imports/csv";
import {
  type AccountDirectory,
  domainKey,
  guessMapping,
  mappingProblem,
  stageRows,
} from "../../app/lib/imports/rows";

describe("parseCsv", () => {
  it.each([
    [
      "plain LF",
      "a,b\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "CRLF",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "no final newline",
      "a,b\n1,2",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "a UTF-8 BOM is dropped",
      "\uFEFFname,email\nAda,a@x.example",
      [
        ["name", "email"],
        ["Ada", "a@x.example"],
      ],
    ],
    ["quoted comma", 'a,"b,c",d', [["a", "b,c", "d"]]],
    ["doubled quotes", '"say ""hi""",x', [['say "hi"', "x"]]],
    [
      "quoted LF newline",
      '"line 1\nline 2",x\ny,z',
      [
        ["line 1\nline 2", "x"],
        ["y", "z"],
      ],
    ],
    ["quoted CRLF newline", '"1\r\n2",x\r\n', [["1\r\n2", "x"]]],
    ["empty fields", ",,\n", [["", "", ""]]],
    ["empty quoted field", '"",a', [["", "a"]]],
    ["a trailing comma opens an empty field", "a,", [["a", ""]]],
    ["blank lines are not records", "\n\na\r\n\r\n\nb\n\n", [["a"], ["b"]]],
    ["old Mac CR line ends", "a\rb", [["a"], ["b"]]],
    ["non-ASCII text", "Zoë,Łódź,東京", [["Zoë", "Łódź", "東京"]]],
    ["nothing", "", []],
  ])("%s", (_name, input, records) => {
    expect(parseCsv(input)).toEqual({ ok: true, records });
  });

  it.each([
    ["a quote inside an unquoted field", 'a,b"c\n', "imports.csv.quote", 1],
    ["text after a closing quote", 'x\n"a"b,c', "imports.csv.quote", 2],
    ["a quote that never closes", 'a\nb\n"c,d\ne', "imports.csv.unterminated", 3],
    ["too many columns", "a,b,c,d\n", "imports.csv.columns", 1],
    ["a field too long", "ok\nabcdefghijk\n", "imports.csv.fieldLength", 2],
    ["a quoted field too long", 'ok\n"abcdefghijk"', "imports.csv.fieldLength", 2],
    ["the line after a multi-line field", '"a\nb"\nc"d', "imports.csv.quote", 3],
  ])("refuses %s, naming the line", (_name, input, problem, line) => {
    expect(parseCsv(input, { maxColumns: 3, maxFieldLength: 10 })).toEqual({
      ok: false,
      problem,
      line,
    });
  });
});

describe("guessMapping and mappingProblem", () => {
  it("reads common header words, each target once", () => {
    expect(
      guessMapping([
        "Name",
        "E-mail",
        "Company",
        "Job title",
        "Email",
        "Region",
        "Membership email",
      ]),
    ).toEqual(["name", "email", "company", "jobTitle", "ignore", "ignore", "membershipEmail"]);
  });
  it.each([
    [["name", "ignore"], "imports.mapping.emailRequired"],
    [["email", "name", "name"], "imports.mapping.twice"],
    [["email", "property", "property"], null],
  ] as const)("%j gives %s", (mapping, problem) => {
    expect(mappingProblem([...mapping])).toBe(problem);
  });
});

describe("stageRows", () => {
  const directory: AccountDirectory = {
    addresses: new Set(["taken@acme.example", "member@acme.example"]),
    companies: [
      { id: "cmp_1", name: "Initech", webDomain: "https://www.initech.example/" },
      { id: "cmp_2", name: "Globex", webDomain: null },
    ],
  };
  const header = ["Name", "Email", "Membership email", "Company", "Title", "Region"];
  const mapping = guessMapping(header).map((target, column) =>
    column === 5 ? "property" : target,
  );

  it("gives each row its contact or its one error", () => {
    const rows = stageRows(
      header,
      [
        ["Ada", " Ada@Example.com ", "", "initech", "CTO", "EU"],
        ["", "bob@example.com", "bob@example.com", "initech.example", "", ""],
        ["Cy", "not-an-email", "", "", "", ""],
        ["Di", "", "", "", "", ""],
        ["Ed", "ed@example.com", "ed-at", "", "", ""],
        ["Fay", "ADA@example.com", "", "", "", ""],
        ["Gus", "gus@example.com", "bob@example.com", "", "", ""],
        ["Hal", "taken@acme.example", "", "", "", ""],
        ["Ivy", "ivy@example.com", "member@acme.example", "", "", ""],
        ["Jo", "jo@example.com", "", "Umbrella", "", ""],
        ["Kim", "kim@example.com"],
        ["Lu", "lu@example.com", "", "GLOBEX", "", ""],
      ],
      mapping,
      directory,
    );
    expect(rows.map((row) => [row.rowNumber, row.error])).toEqual([
      [2, null],
      [3, null],
      [4, "imports.row.email"],
      [5, "imports.row.emailMissing"],
      [6, "imports.row.membershipEmail"],
      [7, "imports.row.duplicateInFile"],
      [8, "imports.row.duplicateInFile"],
      [9, "imports.row.duplicateInAccount"],
      [10, "imports.row.duplicateInAccount"],
      [11, "imports.row.unknownCompany"],
      [12, "imports.row.columns"],
      [13, null],
    ]);
    expect(rows[0]).toMatchObject({
      name: "Ada",
      email: "ada@example.com",
      membershipEmail: null,
      companyId: "cmp_1",
      jobTitle: "CTO",
      properties: { Region: "EU" },
    });
    // No name: the email stands in; the same address as membership email is no second address.
    expect(rows[1]).toMatchObject({
      name: "bob@example.com",
      membershipEmail: null,
      companyId: "cmp_1",
      properties: {},
    });
    expect(rows[11]?.companyId).toBe("cmp_2");
  });

  it("compares web domains without scheme, www or path", () => {
    expect(domainKey(" HTTP://WWW.Example.com/about?x ")).toBe("example.com");
    expect(domainKey("example.com.")).toBe("example.com");
  });
});
