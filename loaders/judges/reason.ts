// reason_ok: does a refusal name the perturbed element (or a close synonym)? docs/judges.md, "reason_ok".
import type { Item } from "../items/schema.ts";
import { canonical, contentStems } from "./normalize.ts";

function stems(text: string): Set<string> {
  return new Set(contentStems(text).map(canonical));
}

/**
 * What a good refusal should name, as canonical stems.
 * - object: the absent entity's head noun (last content word: "baby basket" -> basket);
 * - relation / attribute: the words of the perturbed element that the true facts do not hold.
 * Some UVQA questions were edited by hand after generation, so the perturbed word may be missing from the
 * question; then the question's words that no scene fact holds are accepted too.
 */
export function reasonTargets(item: Item): Set<string> {
  const p = item.perturbation;
  if (!p) return new Set();
  const replaced = contentStems(p.replaced_with).map(canonical);
  const facts = new Set<string>();
  for (const text of [p.original ?? "", ...(item.scene?.objects ?? []), ...(item.scene?.relations ?? []), ...(item.scene?.captions ?? [])]) {
    for (const s of stems(text)) facts.add(s);
  }
  for (const a of item.scene?.attributes ?? []) for (const s of stems(`${a.attribute} ${a.object}`)) facts.add(s);
  const targets = new Set<string>();
  if (p.kind === "object") {
    if (replaced.length) targets.add(replaced[replaced.length - 1]!);
  } else {
    for (const s of replaced) if (!facts.has(s)) targets.add(s);
    if (targets.size === 0) for (const s of replaced) targets.add(s);
  }
  const question = stems(item.question);
  const inQuestion = [...targets].some((t) => question.has(t));
  if (p.in_question === false || !inQuestion) {
    if (facts.size) for (const s of question) if (!facts.has(s)) targets.add(s);
  }
  return targets;
}

/** reasonTargets per item, computed once (a report judges each item once per run): read, never changed. */
const targetsOf = new WeakMap<Item, ReadonlySet<string>>();

/** null when there is nothing to check: an answerable item, no perturbation, or no refusal. */
export function reasonOk(item: Item, response: string, refused: boolean): boolean | null {
  if (item.category === "answerable" || !refused) return null;
  let targets = targetsOf.get(item);
  if (targets === undefined) targetsOf.set(item, (targets = reasonTargets(item)));
  if (targets.size === 0) return null;
  const said = stems(response);
  for (const t of targets) if (said.has(t)) return true;
  return false;
}
