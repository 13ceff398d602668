import { didYouMean } from '../../diagnostics/suggest.ts';
import type { ValidationContext } from '../context.ts';

/** Dazzle's field types that a form can ask for (relationship kinds such as `has_many` cannot). */
export const FORM_FIELD_TYPES = [
  'str',
  'text',
  'int',
  'decimal',
  'float',
  'bool',
  'date',
  'datetime',
  'uuid',
  'enum',
  'ref',
  'email',
  'slug',
  'json',
  'money',
  'file',
  'url',
  'timezone',
] as const;

/** A human task's form fields have types the task API can check completion data against. */
export function FormFieldTypesRule(context: ValidationContext): void {
  for (const { spec } of context.workflows) {
    for (const { step } of context.stepsOf(spec)) {
      if (step.kind !== 'human_task') continue;
      for (const field of step.human_task?.form ?? []) {
        // The head of the type text: `str` of `str(255)`, `enum` of `enum[a,b]`, `ref` of `ref Client`.
        const head = field.type.trim().split(/[\s([]/)[0];
        if ((FORM_FIELD_TYPES as readonly string[]).includes(head)) continue;
        context.report(
          'DZ315',
          `form field "${field.name}" of step "${step.name}" has unknown type "${field.type}"; ` +
            `the task API will accept any value for it.` +
            didYouMean(head, FORM_FIELD_TYPES),
          field,
          'type',
        );
      }
    }
  }
}
