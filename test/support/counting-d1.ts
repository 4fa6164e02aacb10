/** A D1 binding that counts the statements prepared through it (one per query Drizzle runs). */
export function countingD1(d1: D1Database): {
  d1: D1Database;
  count: () => number;
  reset: () => void;
} {
  let prepared = 0;
  const counted = new Proxy(d1, {
    get(target, property, receiver) {
      if (property === "prepare") {
        return (query: string) => {
          prepared += 1;
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    d1: counted,
    count: () => prepared,
    reset: () => {
      prepared = 0;
    },
  };
}
