export default {
  async queue(batch, env) {
    for (const m of batch.messages) { console.log("got", JSON.stringify(m.body), env.DEV_MODE); m.ack(); }
  },
} satisfies ExportedHandler<{ DEV_MODE?: string }>;
