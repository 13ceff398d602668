import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Llm, LlmAnswer, LlmRequest } from '../ports.ts';

export class BedrockLlm implements Llm {
  constructor(private readonly client: BedrockRuntimeClient = new BedrockRuntimeClient({})) {}

  async converse(r: LlmRequest): Promise<LlmAnswer> {
    const out = await this.client.send(
      new ConverseCommand({
        modelId: r.modelId,
        messages: [{ role: 'user', content: [{ text: r.prompt }] }],
        ...(r.system !== undefined && { system: [{ text: r.system }] }),
        inferenceConfig: {
          maxTokens: r.maxTokens,
          ...(r.temperature !== undefined && { temperature: r.temperature }),
        },
      }),
    );
    const text = (out.output?.message?.content ?? [])
      .map((c) => ('text' in c && c.text ? c.text : ''))
      .join('');
    return {
      text,
      stopReason: out.stopReason,
      usage: { input_tokens: out.usage?.inputTokens, output_tokens: out.usage?.outputTokens },
    };
  }
}
