import { didYouMean } from '../../diagnostics/suggest.ts';
import { type ValidationContext, workflowLabel } from '../context.ts';

/**
 * `implements` names loaded stories; checked only when story files were part of the input, and
 * only against (and when there are) stories of the workflow's own app.
 */
export function KnownStoriesRule(context: ValidationContext): void {
  if (!context.options.storiesLoaded) return;
  for (const workflow of context.workflows) {
    const stories = context.ir.stories
      .filter((story) => context.sameApp(story, workflow.spec))
      .map((story) => story.story_id);
    if (stories.length === 0) continue;
    (workflow.spec.implements ?? []).forEach((id, index) => {
      if (stories.includes(id)) return;
      context.reportAt(
        'DZ311',
        `${workflowLabel(workflow)} implements story "${id}", which no loaded story file defines.` +
          didYouMean(id, stories),
        context.locateAny(workflow.spec, [`implements.${index}`, 'implements']),
      );
    });
  }
}
