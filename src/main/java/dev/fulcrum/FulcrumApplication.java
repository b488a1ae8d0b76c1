package dev.fulcrum;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Fulcrum, the order hub: one deployable made of application modules, one package each. */
@SpringBootApplication
@EnableScheduling
@org.springframework.scheduling.annotation.EnableAsync
@Modulithic(sharedModules = "shared")
public class FulcrumApplication {

    public static void main(String[] args) {
        SpringApplication.run(FulcrumApplication.class, args);
    }
}
