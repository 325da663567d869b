// Placeholder until the orchestration lands; keeps the entry point bundleable.
export async function run(): Promise<void> {}
