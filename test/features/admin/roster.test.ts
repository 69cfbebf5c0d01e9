// The roster import reads sheets as staff keep them (title rows, Chinese headers in any order,
// CSV in UTF-8 or GBK, .xlsx), imports the good rows and reports each refused row and why.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import writeXlsxFile from "write-excel-file/universal";
import { deputies } from "../../../src/platform/data/schema";
import { parseRosterSheet } from "../../../src/platform/roster/roster";
import { Client, seeded } from "../../worker/client";

const SHEET = [
  ["乌兰苏木第十八届人民代表大会代表名单", "", "", "", ""],
  ["", "", "", "", ""],
  ["序号", "姓名", "性别", "代表小组", "工作单位及职务", "状态"],
  ["1", "巴特尔", "男", "第一代表小组", "牧民", "正常"],
  ["2", "", "女", "第一代表小组", "教师", ""],
  ["3", "李秀兰", "女", "", "医生", ""],
  ["4", "王志强", "未知", "第二代表小组", "", ""],
  ["1", "重复者", "男", "第二代表小组", "", ""],
  ["", "", "", "", "", ""],
  ["5", "其其格", "F", "第二代表小组", "合作社理事长", "暂停"],
  ["6", "张三", "男", "第三代表小组", "", "调走了"],
];

describe("parseRosterSheet", () => {
  it("finds the header below title rows and reports every bad row with its spreadsheet row number", () => {
    const { rows, refused } = parseRosterSheet(SHEET);
    expect(rows.map((r) => [r.number, r.name, r.gender, r.status])).toEqual([
      ["1", "巴特尔", "男", "active"],
      ["5", "其其格", "女", "suspended"],
    ]);
    expect(refused).toEqual([
      { row: 5, reason: "roster.missing_name", column: "name" },
      { row: 6, reason: "roster.missing_delegation", column: "delegation" },
      { row: 7, reason: "roster.bad_gender", column: "gender" },
      { row: 8, reason: "roster.duplicate_number", column: "number" },
      { row: 11, reason: "roster.bad_status", column: "status" },
    ]);
  });

  it("refuses a sheet without a number or delegation column", () => {
    expect(() => parseRosterSheet([["姓名", "代表团"]])).toThrow();
    expect(() => parseRosterSheet([["序号", "姓名"]])).toThrow();
  });
});

describe("importing through the page", () => {
  let staff: Client;
  const townshipRows = async () =>
    await (await seeded())
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, "159921102"), eq(deputies.term, 19)));

  beforeAll(async () => {
    await seeded();
    // 红泉镇 has no staff account in the demo; 青山旗 staff imports into its own banner instead.
    staff = await new Client("192.0.2.60").loginStaff("staff");
  });

  async function upload(file: File, term = "19", code = "159921") {
    const form = new FormData();
    form.set("term", term);
    form.set("file", file);
    return staff.postMultipart(`/j/${code}/roster/import`, form);
  }

  it("imports the good rows of a CSV and lists the refused ones", async () => {
    const csv = `\uFEFF${SHEET.map((r) => r.join(",")).join("\r\n")}`;
    const res = await upload(new File([csv], "名册.csv", { type: "text/csv" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("导入完成：新增 2 人，更新 0 人，未导入 5 行。");
    expect(html).toContain("第 7 行：性别应为「男」或「女」");
    const db = await seeded();
    const rows = await db
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, "159921"), eq(deputies.term, 19)));
    expect(rows.map((r) => r.name).sort()).toEqual(["其其格", "巴特尔"]);
    expect(await townshipRows()).toHaveLength(0);
  });

  it("updates by number on a second import instead of duplicating", async () => {
    const csv = "代表证号,姓名,代表团,状态\n1,巴特尔,第三代表小组,终止\n7,新代表,第一代表小组,\n";
    const html = await (await upload(new File([csv], "x.csv"))).text();
    expect(html).toContain("新增 1 人，更新 1 人，未导入 0 行");
    const db = await seeded();
    const [row] = await db
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, "159921"), eq(deputies.term, 19), eq(deputies.number, "1")));
    expect(row?.delegation).toBe("第三代表小组");
    expect(row?.status).toBe("ended");
  });

  it("reads a CSV saved by Excel on Chinese Windows (GBK)", async () => {
    // "代表证号,姓名,代表团\n8,张伟,一团\n" encoded in GBK.
    const gbk = new Uint8Array([
      0xb4, 0xfa, 0xb1, 0xed, 0xd6, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb4, 0xfa, 0xb1,
      0xed, 0xcd, 0xc5, 0x0a, 0x38, 0x2c, 0xd5, 0xc5, 0xce, 0xb0, 0x2c, 0xd2, 0xbb, 0xcd, 0xc5, 0x0a,
    ]);
    const html = await (await upload(new File([gbk], "gbk.csv"), "20")).text();
    expect(html).toContain("新增 1 人");
    const db = await seeded();
    const [row] = await db
      .select()
      .from(deputies)
      .where(and(eq(deputies.jurisdictionCode, "159921"), eq(deputies.term, 20)));
    expect(row?.name).toBe("张伟");
    expect(row?.delegation).toBe("一团");
  });

  it("reads an .xlsx workbook", async () => {
    const blob = await writeXlsxFile(
      [
        ["代表证号", "姓名", "民族", "所在代表团"],
        ["101", "阿拉坦", "蒙古族", "乌兰苏木代表团"],
        ["102", "赵丽华", "汉族", ""],
      ].map((r) => r.map((value) => ({ value }))),
    ).toBlob();
    const html = await (await upload(new File([blob], "名册.xlsx"), "21")).text();
    expect(html).toContain("新增 1 人，更新 0 人，未导入 1 行");
    expect(html).toContain("第 3 行：缺少代表团/代表小组");
  });
});
