// get_current_utc_date: the server's current UTC date, so the model can resolve "last month".
import { z } from 'zod';
import { defineTool } from './tool.js';

const getCurrentUtcDateOutput = {
  utc_date: z.string().describe('Current date in UTC, YYYY-MM-DD.'),
  utc_datetime: z.string().describe('Current instant in UTC, ISO 8601.'),
};

export const getCurrentUtcDate = defineTool({
  name: 'get_current_utc_date',
  title: 'Current UTC date',
  description: 'Returns the current date and time in UTC. Use it to turn relative periods ("last 30 days") into dates.',
  input: {},
  output: getCurrentUtcDateOutput,
  async run({ deps }) {
    const now = deps.clock.now().toISOString();
    const data = { utc_date: now.slice(0, 10), utc_datetime: now };
    return { data, text: `Current UTC date: ${data.utc_date} (${data.utc_datetime})` };
  },
});
