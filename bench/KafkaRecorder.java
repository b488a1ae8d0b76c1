// A Kafka consumer for the B5 crash drill, run as a single-file source on the Maven test classpath (kafka-clients and
// Jackson 2 come from there). It writes the CloudEvents id of every record it reads to a file, one line each, repeats
// kept (the relay delivers at least once, so a record may be there twice).
//
//   java -cp <test classpath> bench/KafkaRecorder.java follow <bootstrap> <topic[,topic]> <file>
//       creates the topics when absent (3 partitions, replication 1, as an operator would before starting Fulcrum),
//       then reads every partition from the beginning and keeps reading until killed, appending ids as they arrive.
//   java -cp <test classpath> bench/KafkaRecorder.java dump <bootstrap> <topic[,topic]> <file>
//       reads every partition from the beginning up to its end offset at the time of the call, writes the ids (the
//       file is replaced), prints the record count and exits: what the broker holds, independent of the follower.
//
// No consumer group: partitions are assigned directly, so nothing is committed and every run starts from offset 0.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class KafkaRecorder {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !Set.of("follow", "dump").contains(args[0])) {
            System.err.println("usage: KafkaRecorder follow|dump <bootstrap> <topic[,topic]> <file>");
            System.exit(2);
        }
        String bootstrap = args[1];
        List<String> topics = Arrays.asList(args[2].split(","));
        boolean follow = args[0].equals("follow");
        if (follow) {
            createTopics(bootstrap, topics);
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fulcrum-b5-" + args[0]);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
                PrintWriter out = new PrintWriter(new FileWriter(args[3], follow), false)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            if (follow) {
                System.err.println("following " + partitions + " on " + bootstrap + ", writing " + args[3]);
                while (true) {
                    write(consumer.poll(Duration.ofMillis(500)), out);
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long records = 0;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                records += write(consumer.poll(Duration.ofMillis(500)), out);
            }
            System.out.println(records);
        }
    }

    static int write(Iterable<ConsumerRecord<byte[], byte[]>> records, PrintWriter out) {
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id;
            try {
                id = JSON.readTree(record.value()).path("id").asText("");
            } catch (Exception unreadable) {
                id = "";
            }
            if (id.isEmpty()) {
                System.err.println("record without a CloudEvents id at " + record.topic() + "-" + record.partition()
                        + "@" + record.offset());
                continue;
            }
            out.println(id);
            count++;
        }
        out.flush();
        return count;
    }

    static void createTopics(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
