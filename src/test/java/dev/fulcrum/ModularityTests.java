package dev.fulcrum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Module boundaries hold (no cycles, no reaching into another module's internals), and the module documentation can
 * be written. Spring Modulith lists dependencies in no fixed order, so the test writes into {@code target/} and the
 * committed {@code docs/modules} changes only on purpose:
 * {@code ./mvnw test -Dtest=ModularityTests -Dfulcrum.module-docs=docs/modules}.
 */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(FulcrumApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void writesADiagramAndACanvasForEveryModule() {
        Path folder = Path.of(System.getProperty("fulcrum.module-docs", "target/module-docs"));
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();

        assertThat(folder.resolve("components.puml")).isNotEmptyFile();
        for (ApplicationModule module : modules) {
            String name = module.getIdentifier().toString();
            assertThat(folder.resolve("module-" + name + ".puml")).isNotEmptyFile();
            assertThat(folder.resolve("module-" + name + ".adoc")).isNotEmptyFile();
        }
    }
}
