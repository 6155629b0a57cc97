import RediclaimConfig
import RediclaimKafka
import RediclaimMySQL
import RediclaimRedis

/// The one place where Rediclaim settings become the bridges' own configurations.
extension RediclaimConfiguration {
    public func redisConfiguration() throws -> RedisConfiguration {
        var config: RedisConfiguration
        do {
            config = try RedisConfiguration(url: redis.url)
        } catch {
            throw ConfigError(key: "redis.url", "\(error)")
        }
        if !redis.clusterNodes.isEmpty {
            do {
                config.clusterSeeds = try redis.clusterNodes.map { try RedisNodeAddress(parsing: $0) }
                config.database = 0
                try config.validate()
            } catch {
                throw ConfigError(key: "redis.clusterNodes", "\(error)")
            }
        }
        if let password = redis.password?.value, !password.isEmpty { config.password = password }
        config.connectionCount = redis.connections
        config.connectTimeout = .milliseconds(redis.connectTimeoutMs)
        config.commandTimeout = .milliseconds(redis.commandTimeoutMs)
        return config
    }

    public func mysqlConfiguration() throws -> MySQLConfiguration {
        var config: MySQLConfiguration
        do {
            config = try MySQLConfiguration(url: mysql.url, password: mysql.password?.value)
        } catch {
            throw ConfigError(key: "mysql.url", "\(error)")
        }
        config.poolSize = mysql.poolSize
        config.connectTimeout = .milliseconds(mysql.connectTimeoutMs)
        return config
    }

    public func kafkaClient(clientID: String) -> KafkaClientConfiguration {
        KafkaClientConfiguration(brokers: kafka.brokers, clientID: clientID)
    }

    public func kafkaProducer(clientID: String) -> KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            client: kafkaClient(clientID: clientID),
            compression: KafkaCompression(rawValue: kafka.compression) ?? .lz4,
            linger: .milliseconds(kafka.lingerMs),
            messageTimeout: .milliseconds(kafka.deliveryTimeoutMs))
    }

    public func kafkaConsumer(group: String, clientID: String) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            client: kafkaClient(clientID: clientID), groupID: group, sessionTimeout: .milliseconds(kafka.sessionTimeoutMs),
            maxPollInterval: .milliseconds(max(kafka.maxPollIntervalMs, kafka.sessionTimeoutMs)))
    }
}
