import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWL2RLProfile;
import org.semanticweb.owlapi.profiles.OWLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Checks Turtle files, merged into one ontology, against the OWL 2 DL and OWL 2 RL profiles of the
 * OWL API (the reference implementation of the profiles' structural restrictions).
 *
 * Usage: java ProfileCheck FILE.ttl... ; prints "PROFILE<TAB>violation" lines, then "ok" when the
 * merged ontology is in both profiles. Exit code 0 when it is, 1 when it is not, 2 on a load error.
 */
public final class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
            .setStrict(false);
        OWLOntology merged = manager.createOntology(IRI.create("https://w3id.org/pvgraph/ontology"));
        for (String path : args) {
            OWLOntology part = manager.loadOntologyFromOntologyDocument(new FileDocumentSource(new File(path)), config);
            manager.addAxioms(merged, part.axioms());
            part.annotations().forEach(a -> manager.applyChange(
                new org.semanticweb.owlapi.model.AddOntologyAnnotation(merged, a)));
            manager.removeOntology(part);
        }
        List<OWLProfile> profiles = List.of(new OWL2DLProfile(), new OWL2RLProfile());
        boolean inAll = true;
        for (OWLProfile profile : profiles) {
            OWLProfileReport report = profile.checkOntology(merged);
            for (OWLProfileViolation violation : report.getViolations()) {
                System.out.println(profile.getName() + "\t" + violation.toString().replace('\n', ' '));
            }
            inAll &= report.isInProfile();
        }
        System.out.println(inAll ? "ok" : "not in profile");
        System.exit(inAll ? 0 : 1);
    }
}
