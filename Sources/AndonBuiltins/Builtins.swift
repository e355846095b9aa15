/// The files built into the binary, so that `andon` needs none at run time: the shipped themes (`themes/*.yaml`)
/// and profiles (`profiles/*.yaml`), compiled at build time into YAML trees by the `EmbedYAML` plugin (a start
/// parses no built-in YAML), in their documented order (for profiles, detection's order of preference). A file
/// added to either folder is listed here too; a test fails when they differ. Each tree is built when first asked for (a start builds only the profile and theme it
/// uses, however many ship).
public enum Builtins {
    public static let profiles: [(name: String, tree: @Sendable () -> YAMLNode)] = [
        ("tps", { profiles_tps }),
        ("rabbitmq", { profiles_rabbitmq }),
        ("haproxy", { profiles_haproxy }),
        ("spring-boot", { profiles_spring_boot }),
        ("otel-http", { profiles_otel_http }),
        ("spanmetrics", { profiles_spanmetrics }),
        ("sloth", { profiles_sloth }),
        ("pyrra", { profiles_pyrra }),
        ("blackbox", { profiles_blackbox }),
        ("kafka", { profiles_kafka }),
        ("kubernetes", { profiles_kubernetes }),
        ("redis", { profiles_redis }),
        ("postgres", { profiles_postgres }),
        ("mariadb", { profiles_mariadb }),
        ("nginx", { profiles_nginx }),
        ("pushgateway", { profiles_pushgateway }),
        ("node", { profiles_node }),
        ("prometheus", { profiles_prometheus }),
        ("prometheus-targets", { profiles_prometheus_targets }),
        ("web-service", { profiles_web_service }),
        ("spring-service", { profiles_spring_service }),
        ("runtime", { profiles_runtime }),
        ("tps-plant", { profiles_tps_plant }),
    ]

    public static let themes: [(name: String, tree: @Sendable () -> YAMLNode)] = [
        ("default", { themes_default }),
        ("light", { themes_light }),
        ("high-contrast", { themes_high_contrast }),
        ("colorblind", { themes_colorblind }),
        ("monochrome", { themes_monochrome }),
    ]
}
