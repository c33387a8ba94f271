// UVQA attribute category: a DiDeMo caption with one attribute (usually a colour) replaced.
import type { Item } from "../items/schema.ts";
import { attributeClass, modifiedNoun } from "./attributes.ts";
import { captionsOf, type DidemoCaptions } from "./didemo.ts";
import { mentions } from "./mentions.ts";
import { unique, uvqaItem, withFlags } from "./uvqa-item.ts";
import type { AttributeRecord } from "./uvqa-records.ts";

export function attributeItem(record: AttributeRecord, index: number, didemo?: DidemoCaptions): Item {
  const caption = record.orig_relation.trim();
  const noun = modifiedNoun(caption, record.orig_attribute);
  const item = uvqaItem("attribute", index, record);
  const inQuestion = mentions(item.question, record.generated_attributes);
  // Captions compared without case or final full stop: DiDeMo and UVQA differ there.
  const plain = (c: string) => c.toLowerCase().replace(/[.\s]+$/, "");
  const others = didemo ? captionsOf(didemo, record.vid).filter((c) => plain(c) !== plain(caption)) : [];
  return withFlags(
    {
      ...item,
      scene: {
        objects: noun ? [noun] : [],
        relations: [],
        triples: [],
        attributes: [{ object: noun ?? "unknown", attribute: record.orig_attribute, class: attributeClass(record.orig_attribute) }],
        captions: unique([caption, ...others]),
      },
      perturbation: {
        kind: "attribute",
        original: record.orig_attribute,
        replaced_with: record.generated_attributes,
        fact: record.generated_relation.trim(),
        in_question: inQuestion,
      },
    },
    inQuestion ? [] : ["edited-question"],
  );
}
