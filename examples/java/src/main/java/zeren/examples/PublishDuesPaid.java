package zeren.examples;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one member's dues payment (党费缴纳) to Zeren in CloudEvents binary mode.
 *
 * <p>Arguments: event id, organization (the branch), member id, month (YYYY-MM), paid on
 * (YYYY-MM-DD). Connection from the environment: ZEREN_KAFKA_BOOTSTRAP, ZEREN_KAFKA_USERNAME,
 * ZEREN_KAFKA_PASSWORD, ZEREN_INTAKE_TOPIC (the finance system's own intake topic).
 */
public final class PublishDuesPaid {
  private PublishDuesPaid() {}

  public static void main(String[] args) throws Exception {
    String eventId = args[0];
    String organization = args[1];
    String member = args[2];
    String month = args[3];
    String paidOn = args[4];
    String data =
        String.format(
            "{\"organization_id\":\"%s\",\"member_id\":\"%s\",\"month\":\"%s\","
                + "\"amount\":\"42.50\",\"paid_on\":\"%s\"}",
            organization, member, month, paidOn);
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId(eventId)
            .withSource(URI.create("urn:campus:finance"))
            .withType("zeren.DuesPaid")
            .withSubject(organization) // the organization that owes the duty; also the key
            .withTime(OffsetDateTime.parse(paidOn + "T09:30:00+08:00")) // a time zone is required
            .withExtension("schemaversion", "1") // text, as in every binding
            .withDataContentType("application/json")
            .withData(data.getBytes(StandardCharsets.UTF_8))
            .build();

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("ZEREN_KAFKA_BOOTSTRAP"));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(
        "security.protocol",
        System.getenv().getOrDefault("ZEREN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
    props.put("sasl.mechanism", "SCRAM-SHA-256");
    props.put(
        "sasl.jaas.config",
        String.format(
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"%s\" password=\"%s\";",
            System.getenv("ZEREN_KAFKA_USERNAME"), System.getenv("ZEREN_KAFKA_PASSWORD")));

    try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(System.getenv("ZEREN_INTAKE_TOPIC"), organization, event))
          .get();
    }
    System.out.println("{\"sent\": \"" + eventId + "\"}");
  }
}
