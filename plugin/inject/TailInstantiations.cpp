//===- TailInstantiations.cpp - Instantiate what the tail defines, at the end -===//
#include "inject/TailInstantiations.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace mlflow::plugin {
namespace {

// An instantiation the object file needs and does not have.
bool missingInstantiation(const FunctionDecl *FD) {
  return FD->isUsed(/*CheckUsedAttr=*/false) && !FD->isDefined() &&
         FD->getTemplateSpecializationKind() == TSK_ImplicitInstantiation &&
         FD->isImplicitlyInstantiable();
}

void collect(DeclContext *DC, llvm::SmallVectorImpl<FunctionDecl *> &Missing) {
  for (Decl *D : DC->decls()) {
    if (auto *NS = dyn_cast<NamespaceDecl>(D)) {
      collect(NS, Missing);
    } else if (auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
      for (FunctionDecl *FD : FTD->specializations())
        if (missingInstantiation(FD))
          Missing.push_back(FD);
    } else if (auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
      for (ClassTemplateSpecializationDecl *Spec : CTD->specializations())
        if (Spec->hasDefinition())
          for (Decl *Member : Spec->decls())
            if (auto *FD = dyn_cast<FunctionDecl>(Member); FD && missingInstantiation(FD))
              Missing.push_back(FD);
    } else if (auto *RD = dyn_cast<CXXRecordDecl>(D); RD && RD->hasDefinition()) {
      collect(RD, Missing); // member templates of a plain class
    }
  }
}

} // namespace

unsigned completeTailInstantiations(Sema &S) {
  ASTContext &Ctx = S.Context;
  auto *TU = Ctx.getTranslationUnitDecl();
  NamespaceDecl *Mlflow = nullptr;
  for (Decl *D : TU->decls())
    if (auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->getName() == "mlflow") {
      Mlflow = NS->getFirstDecl();
      break;
    }
  if (!Mlflow)
    return 0;
  unsigned Done = 0;
  // Each instantiation may use others (and queue its own needs, which Sema performs below):
  // until nothing is missing, or nothing more can be done.
  for (unsigned Round = 0; Round < 8; ++Round) {
    llvm::SmallVector<FunctionDecl *, 16> Missing;
    for (NamespaceDecl *NS : Mlflow->redecls())
      collect(NS, Missing);
    unsigned Before = Done;
    for (FunctionDecl *FD : Missing) {
      S.InstantiateFunctionDefinition(FD->getPointOfInstantiation().isValid()
                                          ? FD->getPointOfInstantiation()
                                          : FD->getLocation(),
                                      FD, /*Recursive=*/true, /*DefinitionRequired=*/false,
                                      /*AtEndOfTU=*/true);
      if (FD->isDefined())
        ++Done;
    }
    S.PerformPendingInstantiations();
    if (Done == Before)
      break;
  }
  return Done;
}

} // namespace mlflow::plugin
