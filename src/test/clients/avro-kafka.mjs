// Produces and consumes registry-framed Avro with kafkajs and @kafkajs/confluent-schema-registry, the way a Node
// service outside Junction would (RegistryIT).
//   node avro-kafka.mjs produce BROKERS REGISTRY TOPIC SUBJECT FILE   (FILE: one JSON object per line; prints the id)
//   node avro-kafka.mjs consume BROKERS REGISTRY TOPIC COUNT           (prints each decoded event as a JSON line)
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import lz4 from 'lz4js';

const { Kafka, logLevel, CompressionTypes, CompressionCodecs } = kafkajs;

// kafkajs reads only gzip by itself; Junction's producer compresses with LZ4 (Kafka's LZ4 frame format), so a
// kafkajs consumer needs an LZ4 codec, as it would reading any Java producer that uses LZ4.
CompressionCodecs[CompressionTypes.LZ4] = () => ({
  compress: async (encoder) => Buffer.from(lz4.compress(encoder.buffer)),
  decompress: async (buffer) => Buffer.from(lz4.decompress(buffer)),
});

const [cmd, brokers, registryUrl, topic, arg, file] = process.argv.slice(2);
const registry = new SchemaRegistry({ host: registryUrl });
const kafka = new Kafka({ clientId: 'junction-it-avro', brokers: [brokers], logLevel: logLevel.ERROR });

if (cmd === 'produce') {
  const id = await registry.getLatestSchemaId(arg);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const messages = [];
  for (const line of lines) {
    const event = JSON.parse(line);
    messages.push({ key: String(event.id), value: await registry.encode(id, event) });
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages, acks: -1 });
  await producer.disconnect();
  console.log(`produced ${messages.length} with schema id ${id}`);
} else if (cmd === 'consume') {
  const want = Number(arg);
  const consumer = kafka.consumer({ groupId: `junction-it-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen} of ${want} events in 60 s`)), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        const event = await registry.decode(message.value);
        console.log(JSON.stringify(event));
        if (++seen >= want) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
} else {
  console.error(`unknown command ${cmd}`);
  process.exit(2);
}
