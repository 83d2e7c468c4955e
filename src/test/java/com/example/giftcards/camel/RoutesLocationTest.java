package com.example.giftcards.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RoutesLocationTest {

    @Test
    void routesDirIsResolvedToAnAbsoluteFileLocation() throws Exception {
        Path dir = Files.createTempDirectory("routes");

        assertThat(RoutesLocation.resolve(dir.toString())).isEqualTo("file:" + dir.toAbsolutePath().normalize());
    }

    @Test
    void aMissingRoutesDirFailsStartUpClearly() {
        assertThatThrownBy(() -> RoutesLocation.resolve("/no/such/routes"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROUTES_DIR");
    }

    @Test
    void withoutRoutesDirTheWorkingDirectorysRoutesFolderIsUsed() {
        // Tests run in the repository root, which has routes/.
        assertThat(RoutesLocation.resolve("")).isEqualTo("file:" + Path.of("routes").toAbsolutePath().normalize());
    }

    @Test
    void aFolderOnDiskIsAlsoTheFolderLiveEditsWatch() {
        assertThat(RoutesLocation.properties("file:/srv/routes", false))
                .containsEntry("routes.location", "file:/srv/routes")
                .containsEntry("camel.main.routes-include-pattern", "file:/srv/routes/*.camel.yaml")
                .containsEntry("camel.main.routes-reload-directory", "/srv/routes");
    }

    @Test
    void liveEditsOfTheRoutesInTheJarFailStartUpClearly() {
        assertThat(RoutesLocation.properties(RoutesLocation.PACKAGED, false))
                .doesNotContainKey("camel.main.routes-reload-directory");
        assertThatThrownBy(() -> RoutesLocation.properties(RoutesLocation.PACKAGED, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROUTES_RELOAD");
    }
}
