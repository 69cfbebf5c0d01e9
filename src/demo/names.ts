// Fictional names for demo rosters: common Han surnames and given names, and Mongolian names as they
// are written in Chinese in Inner Mongolia. Any likeness to a real person is chance.
export const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split(
    "",
  );
export const GIVEN = [
  "建国",
  "秀兰",
  "志强",
  "丽华",
  "海燕",
  "玉梅",
  "文军",
  "春生",
  "桂英",
  "振华",
  "红梅",
  "宏伟",
  "淑珍",
  "永平",
  "晓东",
  "丽娟",
  "国庆",
  "亚楠",
  "瑞峰",
  "佳琪",
  "明轩",
  "雪梅",
  "德胜",
  "金花",
  "立新",
  "慧敏",
  "子涵",
  "俊杰",
  "婷婷",
  "浩然",
  "思远",
  "欣怡",
  "凤英",
  "宝山",
  "素芬",
  "广辉",
  "艳玲",
  "建军",
  "晓燕",
  "少华",
];
export const MONGOLIAN = [
  "巴特尔",
  "其其格",
  "乌日娜",
  "苏日娜",
  "额尔敦",
  "阿拉坦",
  "图雅",
  "敖登",
  "格日勒",
  "萨仁",
  "斯琴",
  "朝鲁",
  "宝音",
  "那仁",
  "乌兰",
  "哈斯",
  "吉日木图",
  "满都拉",
  "塔娜",
  "孟和",
];
export const ETHNICITIES = ["汉族", "汉族", "汉族", "蒙古族", "蒙古族", "回族", "满族", "达斡尔族"];
export const WORKPLACES = [
  "嘎查党支部书记",
  "村委会主任",
  "小学教师",
  "卫生院医生",
  "合作社理事长",
  "个体工商户",
  "牧民",
  "农民",
  "企业职工",
  "社区居委会主任",
  "中学校长",
  "养老院院长",
  "供热公司工程师",
  "农机服务站站长",
  "退休干部",
];

/** A small seeded generator so the demo is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}
