// Preloaded into the API process by the export bench: reports its memory to the bench every 50 ms over IPC.
if (process.send) setInterval(() => process.send({ memory: process.memoryUsage() }), 50).unref();
